import type S3rver from "@20minutes/s3rver";

type Store = S3rver["store"];

/**
 * s3rver looks the bucket up on disk for every request: a `stat` for its existence, then a read
 * of its CORS and of its website configuration, both failing with ENOENT when unset (a profile of
 * `depeche run`: ≈ 10 % of the process, three of the eight file operations of a GET). They
 * change only through the store's own bucket calls, so they are remembered until one of those
 * runs. Object reads and writes are untouched.
 */
export function rememberBucketConfiguration(store: Store): void {
  const buckets = new Map<string, Promise<unknown>>();
  const configurations = new Map<string, Promise<unknown>>();
  const forget = (bucket: string) => {
    buckets.delete(bucket);
    for (const id of configurations.keys()) {
      if (id.startsWith(`${bucket}/`)) configurations.delete(id);
    }
  };
  const remembered = <T>(map: Map<string, Promise<T>>, id: string, read: () => Promise<T>) => {
    let value = map.get(id);
    if (value === undefined) {
      value = read();
      map.set(id, value);
      // A failed read is not remembered.
      value.catch(() => map.delete(id));
    }
    return value;
  };

  const { getBucket, putBucket, deleteBucket, getSubresource, putSubresource, deleteSubresource } =
    store;
  store.getBucket = (bucket) => remembered(buckets, bucket, () => getBucket.call(store, bucket));
  store.getSubresource = (bucket, key, type) =>
    key === undefined
      ? remembered(configurations, `${bucket}/${type}`, () =>
          getSubresource.call(store, bucket, key, type),
        )
      : getSubresource.call(store, bucket, key, type);
  store.putBucket = async (bucket) => {
    forget(bucket);
    return putBucket.call(store, bucket).finally(() => forget(bucket));
  };
  store.deleteBucket = async (bucket) =>
    deleteBucket.call(store, bucket).finally(() => forget(bucket));
  store.putSubresource = async (bucket, key, resource) =>
    putSubresource.call(store, bucket, key, resource).finally(() => forget(bucket));
  store.deleteSubresource = async (bucket, key, type) =>
    deleteSubresource.call(store, bucket, key, type).finally(() => forget(bucket));
}
