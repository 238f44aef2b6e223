import { Module } from '@nestjs/common';
import { TimelineModule } from '../timeline/timeline.module';
import { IdentityGrpcController } from './grpc/identity.grpc.controller';
import { IdentityRepository } from './persistence/identity.repository';
import { GetCustomerContextUseCase } from './use-cases/get-customer-context/get-customer-context.use-case';
import { GetCustomerUseCase } from './use-cases/get-customer/get-customer.use-case';
import { ResolveIdentityUseCase } from './use-cases/resolve-identity/resolve-identity.use-case';

@Module({
  imports: [TimelineModule],
  controllers: [IdentityGrpcController],
  providers: [IdentityRepository, ResolveIdentityUseCase, GetCustomerUseCase, GetCustomerContextUseCase],
})
export class IdentityModule {}
