/** A Redis key prefix that cannot break the hash tags it is wrapped in. */
export const REDIS_PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/;
