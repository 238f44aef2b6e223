import { baseServiceEnv } from '@concierge/config';

export const commerceCheckoutEnv = baseServiceEnv({ httpPort: 8084, grpcPort: 50055 });
