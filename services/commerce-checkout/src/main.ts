import { runService } from '@concierge/service-kit';
import { AppModule, SERVICE } from './app.module';

runService(AppModule, SERVICE);
