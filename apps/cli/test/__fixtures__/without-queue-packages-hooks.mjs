// Module resolution hooks of without-queue-packages.mjs: bullmq and ioredis cannot be found.
export async function resolve(specifier, context, next) {
  if (specifier === 'bullmq' || specifier === 'ioredis') {
    throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}
