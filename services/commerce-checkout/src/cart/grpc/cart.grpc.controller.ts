import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { CheckoutV1 } from '@concierge/contracts';
import { ChangeCartUseCase } from '../use-cases/change-cart.use-case';

@Controller()
export class CartGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(private readonly carts: ChangeCartUseCase) {}

  @GrpcMethod('CheckoutService')
  async getCart(req: CheckoutV1.GetCartRequest): Promise<CheckoutV1.GetCartResponse> {
    return { cart: await this.carts.get(req) };
  }

  @GrpcMethod('CheckoutService')
  async addCartItem(req: CheckoutV1.AddCartItemRequest): Promise<CheckoutV1.AddCartItemResponse> {
    return { cart: await this.carts.execute(req, { op: 'add', productId: req.productId, quantity: req.quantity || 1 }) };
  }

  @GrpcMethod('CheckoutService')
  async updateCartItem(req: CheckoutV1.UpdateCartItemRequest): Promise<CheckoutV1.UpdateCartItemResponse> {
    return { cart: await this.carts.execute(req, { op: 'set', productId: req.productId, quantity: req.quantity }) };
  }

  @GrpcMethod('CheckoutService')
  async removeCartItem(req: CheckoutV1.RemoveCartItemRequest): Promise<CheckoutV1.RemoveCartItemResponse> {
    return { cart: await this.carts.execute(req, { op: 'remove', productId: req.productId }) };
  }
}
