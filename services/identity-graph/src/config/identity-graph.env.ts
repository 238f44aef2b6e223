import { baseServiceEnv } from '@concierge/config';

export const identityGraphEnv = baseServiceEnv({ httpPort: 8081, grpcPort: 50052 });
