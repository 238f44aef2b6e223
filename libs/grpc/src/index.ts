export * from './status';
export * from './server';
export * from './health';
export * from './tenant-auth.guard';
export * from './client';
export * from './loader-options';
export * from './grpc-error';
export * from './reflection';
