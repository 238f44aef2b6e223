import { baseServiceEnv } from '@concierge/config';

export const insightsEnv = baseServiceEnv({ httpPort: 8085, grpcPort: 50056 });
