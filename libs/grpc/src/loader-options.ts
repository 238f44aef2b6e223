import type { Options } from '@grpc/proto-loader';
import { PROTO_ROOT } from '@concierge/contracts';

/** Loader options that match the ts-proto generated types (string enums and 64-bit ints, camelCase fields). */
export const protoLoaderOptions: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};
