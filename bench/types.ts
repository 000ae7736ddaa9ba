/** One row of `npm run bench`: this project's figure beside each named peer's, from the same run. */
export interface BenchRecord {
  case: string;
  unit: string;
  higherIsBetter: boolean;
  ours: number;
  /** Peer name → figure in the same unit. */
  peers: Record<string, number>;
  /** The target in words, e.g. "≥ 0.9× openapi-fetch". */
  target: string;
}

/** A benchmark module: `bench/<name>.bench.ts` default-exports one of these. */
export type BenchCase = () => Promise<BenchRecord[]>;
