/** A Map that forgets its oldest entries past a capacity, so long-running mocks keep bounded memory. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    while (this.size > this.capacity) super.delete(this.keys().next().value as K);
    return this;
  }
}
