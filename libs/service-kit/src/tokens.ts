export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const PINO_LOGGER = Symbol('PINO_LOGGER');
export const KAFKA = Symbol('KAFKA');
