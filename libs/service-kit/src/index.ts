export * from './tokens';
export * from './logger';
export * from './service-kit.module';
export * from './bootstrap';
export * from './http-body.middleware';
export * from './service-exception.filter';
export * from './lifecycle';
export * from './migrate';
