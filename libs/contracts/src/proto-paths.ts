import * as path from 'node:path';

/** Root of the .proto sources (include dir for every loader). */
export const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

export const protoFile = (domain: string, file: string) =>
  path.join(PROTO_ROOT, 'concierge', domain, 'v1', file);

export interface ServiceProto {
  /** Proto package, e.g. concierge.identity.v1 */
  package: string;
  /** Service name inside the package, e.g. IdentityService */
  service: string;
  file: string;
}

const serviceProto = (domain: string, service: string): ServiceProto => ({
  package: `concierge.${domain}.v1`,
  service,
  file: protoFile(domain, `${domain}_service.proto`),
});

export const ServiceProtos = {
  ingress: serviceProto('ingress', 'IngressService'),
  identity: serviceProto('identity', 'IdentityService'),
  dialogue: serviceProto('dialogue', 'DialogueService'),
  prediction: serviceProto('prediction', 'PredictionService'),
  checkout: serviceProto('checkout', 'CheckoutService'),
  insights: serviceProto('insights', 'InsightsService'),
} as const;

/** Every proto file the servers serve (ours and grpc.health.v1), as buf built them: what reflection hands out. */
export const DESCRIPTOR_SET_PATH = path.join(__dirname, 'generated', 'descriptors.binpb');
