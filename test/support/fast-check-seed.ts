/**
 * One fixed fast-check seed for the contract suite so CI runs are reproducible; `FC_SEED=<n>` explores another
 * part of the input space. fast-check puts the seed and the shrunk counterexample in the failure message.
 */
import fc from "fast-check";

export const fastCheckSeed = Number.parseInt(process.env.FC_SEED ?? "20261123", 10);
if (!Number.isSafeInteger(fastCheckSeed)) throw new Error(`FC_SEED must be an integer, got "${process.env.FC_SEED}"`);

fc.configureGlobal({ seed: fastCheckSeed });
