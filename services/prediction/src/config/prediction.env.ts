import { baseServiceEnv } from '@concierge/config';

export const predictionEnv = baseServiceEnv({ httpPort: 8083, grpcPort: 50054 });
