import { Module } from '@nestjs/common';
import { CustomerDirectory } from '@concierge/persistence';
import { CustomerScope } from '../shared/customer-scope';
import { CartGrpcController } from './grpc/cart.grpc.controller';
import { CartRepository } from './persistence/cart.repository';
import { ChangeCartUseCase } from './use-cases/change-cart.use-case';

@Module({
  controllers: [CartGrpcController],
  providers: [CustomerDirectory, CustomerScope, CartRepository, ChangeCartUseCase],
  exports: [CartRepository, CustomerScope],
})
export class CartModule {}
