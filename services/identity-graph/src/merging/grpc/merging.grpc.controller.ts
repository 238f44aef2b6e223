import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { IdentityV1 } from '@concierge/contracts';
import { toMergeProto, toReviewProto } from '../../identity/grpc/identity.mapper';
import { MergeCustomersUseCase } from '../use-cases/merge-customers/merge-customers.use-case';
import { UnmergeCustomerUseCase } from '../use-cases/unmerge-customer/unmerge-customer.use-case';
import { ListMergeReviewsUseCase } from '../use-cases/list-merge-reviews/list-merge-reviews.use-case';
import { ResolveMergeReviewUseCase } from '../use-cases/resolve-merge-review/resolve-merge-review.use-case';
import { ListMergesUseCase } from '../use-cases/list-merges/list-merges.use-case';

@Controller()
export class MergingGrpcController implements Partial<IdentityV1.IdentityServiceController> {
  constructor(
    private readonly mergeCustomersUseCase: MergeCustomersUseCase,
    private readonly unmerge: UnmergeCustomerUseCase,
    private readonly listReviews: ListMergeReviewsUseCase,
    private readonly resolveReview: ResolveMergeReviewUseCase,
    private readonly listMergesUseCase: ListMergesUseCase,
  ) {}

  @GrpcMethod('IdentityService')
  mergeCustomers(req: IdentityV1.MergeCustomersRequest): Promise<IdentityV1.MergeCustomersResponse> {
    return this.mergeCustomersUseCase.execute(req);
  }

  @GrpcMethod('IdentityService')
  async unmergeCustomer(req: IdentityV1.UnmergeCustomerRequest): Promise<IdentityV1.UnmergeCustomerResponse> {
    return { customerIds: await this.unmerge.execute(req) };
  }

  @GrpcMethod('IdentityService')
  async listMergeReviews(req: IdentityV1.ListMergeReviewsRequest): Promise<IdentityV1.ListMergeReviewsResponse> {
    const page = await this.listReviews.execute({
      tenantId: req.tenantId,
      status: req.status,
      customerId: req.customerId,
      pageSize: req.page?.pageSize ?? 0,
      pageToken: req.page?.pageToken ?? '',
    });
    return { reviews: page.reviews.map(toReviewProto), page: { nextPageToken: page.nextPageToken } };
  }

  @GrpcMethod('IdentityService')
  async resolveMergeReview(req: IdentityV1.ResolveMergeReviewRequest): Promise<IdentityV1.ResolveMergeReviewResponse> {
    return { review: toReviewProto(await this.resolveReview.execute(req)) };
  }

  @GrpcMethod('IdentityService')
  async listMerges(req: IdentityV1.ListMergesRequest): Promise<IdentityV1.ListMergesResponse> {
    return { merges: (await this.listMergesUseCase.execute(req)).map(toMergeProto) };
  }
}
