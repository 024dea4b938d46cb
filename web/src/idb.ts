/**
 * One IndexedDB object store of a database with a single store, for the keys the pages keep in the browser (the
 * browser wallet, the door-code key).
 */
export class KeptStore {
  readonly #db: string;
  readonly #store: string;

  constructor(db: string, store: string) {
    this.#db = db;
    this.#store = store;
  }

  #open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(this.#db, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(this.#store);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error("IndexedDB refused"));
    });
  }

  /** Runs one request in a transaction of the store and resolves with its result. */
  async run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const request = fn(db.transaction(this.#store, mode).objectStore(this.#store));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error("IndexedDB refused"));
      });
    } finally {
      db.close();
    }
  }

  /** The value kept under `id`, if any. */
  get<T>(id: string): Promise<T | undefined> {
    return this.run<T | undefined>("readonly", (s) => s.get(id) as IDBRequest<T | undefined>);
  }

  /** Keeps `value` under `id`. */
  async put(id: string, value: unknown): Promise<void> {
    await this.run("readwrite", (s) => s.put(value, id));
  }
}
