import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CheckoutV1 } from '@concierge/contracts';
import { CheckoutErrorCode, CheckoutException, requireTenantId } from '../../shared/checkout.exception';
import { CustomerScope } from '../../shared/customer-scope';
import { toQuoteProto } from '../domain/order.mapper';
import { statusName } from '../domain/order-status';
import { OrderEntity } from '../persistence/order.entity';
import { CreateQuoteUseCase } from '../use-cases/create-quote.use-case';
import { OrderLifecycleUseCase } from '../use-cases/order-lifecycle.use-case';
import { PlaceOrderUseCase } from '../use-cases/place-order.use-case';

const PAGE = 20;

@Controller()
export class OrdersGrpcController implements Partial<CheckoutV1.CheckoutServiceController> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: CustomerScope,
    private readonly quotes: CreateQuoteUseCase,
    private readonly placeOrderUseCase: PlaceOrderUseCase,
    private readonly lifecycle: OrderLifecycleUseCase,
  ) {}

  @GrpcMethod('CheckoutService')
  async createQuote(req: CheckoutV1.CreateQuoteRequest): Promise<CheckoutV1.CreateQuoteResponse> {
    return { quote: toQuoteProto((await this.quotes.execute(req)).quote) };
  }

  @GrpcMethod('CheckoutService')
  async placeOrder(req: CheckoutV1.PlaceOrderRequest): Promise<CheckoutV1.PlaceOrderResponse> {
    return { order: await this.placeOrderUseCase.execute(req) };
  }

  @GrpcMethod('CheckoutService')
  async getOrder(req: CheckoutV1.GetOrderRequest): Promise<CheckoutV1.GetOrderResponse> {
    return { order: this.lifecycle.proto(await this.lifecycle.find(req.tenantId, req.orderId)) };
  }

  @GrpcMethod('CheckoutService')
  async listOrders(req: CheckoutV1.ListOrdersRequest): Promise<CheckoutV1.ListOrdersResponse> {
    // An empty customer_id lists the whole tenant (prediction's backfill), newest first.
    const { tenantId, customerId } = req.customerId
      ? await this.scope.resolve(this.dataSource.manager, req.tenantId, req.customerId)
      : { tenantId: requireTenantId(req.tenantId), customerId: undefined };
    const size = Math.min(Math.max(req.page?.pageSize || PAGE, 1), 100);
    const offset = /^\d{1,6}$/.test(req.page?.pageToken ?? '') ? Number(req.page!.pageToken) : 0;
    const status = req.status && req.status !== CheckoutV1.OrderStatus.ORDER_STATUS_UNSPECIFIED ? statusName(req.status) : null;
    const rows = await this.dataSource.getRepository(OrderEntity).find({
      where: { tenantId, ...(customerId ? { customerId } : {}), ...(status ? { status } : {}) },
      order: { placedAt: 'DESC', id: 'ASC' },
      skip: offset,
      take: size + 1,
    });
    return { orders: rows.slice(0, size).map((o) => this.lifecycle.proto(o)), page: { nextPageToken: rows.length > size ? String(offset + size) : '' } };
  }

  @GrpcMethod('CheckoutService')
  async updateOrderStatus(req: CheckoutV1.UpdateOrderStatusRequest): Promise<CheckoutV1.UpdateOrderStatusResponse> {
    const to = statusName(req.status);
    if (!to || to === 'placed') throw new CheckoutException(CheckoutErrorCode.StatusTransitionInvalid, 'status must be one of PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, REFUNDED');
    return { order: this.lifecycle.proto(await this.lifecycle.transition(req.tenantId, req.orderId, to, req.reason)) };
  }

  @GrpcMethod('CheckoutService')
  async payOrder(req: CheckoutV1.PayOrderRequest): Promise<CheckoutV1.PayOrderResponse> {
    const order = await this.lifecycle.find(req.tenantId, req.orderId);
    if (order.paymentStatus === 'not_required' && order.fulfilment === 'try_on')
      throw new CheckoutException(CheckoutErrorCode.PaymentNotRequired, 'a try-on reservation is paid in store');
    return { order: this.lifecycle.proto(await this.lifecycle.ensurePayment(order.id)) };
  }
}
