import { Module } from '@nestjs/common';
import { TimelineModule } from '../timeline/timeline.module';
import { IdentityGrpcController } from './grpc/identity.grpc.controller';
import { IdentityRepository } from './persistence/identity.repository';
import { CustomerLookup } from './persistence/customer-lookup';
import { CustomerContextQuery } from './persistence/customer-context.query';
import { GetCustomerContextUseCase } from './use-cases/get-customer-context/get-customer-context.use-case';
import { GetCustomerUseCase } from './use-cases/get-customer/get-customer.use-case';
import { ResolveIdentityUseCase } from './use-cases/resolve-identity/resolve-identity.use-case';
import { TenantSettingsRepository } from '../settings/persistence/tenant-settings.repository';
import { GetTenantSettingsUseCase } from '../settings/use-cases/get-tenant-settings/get-tenant-settings.use-case';
import { UpdateTenantSettingsUseCase } from '../settings/use-cases/update-tenant-settings/update-tenant-settings.use-case';
import { MergeRepository } from '../merging/persistence/merge.repository';
import { MergeReviewRepository } from '../merging/persistence/merge-review.repository';
import { MergeCustomersUseCase } from '../merging/use-cases/merge-customers/merge-customers.use-case';
import { UnmergeCustomerUseCase } from '../merging/use-cases/unmerge-customer/unmerge-customer.use-case';
import { ListMergeReviewsUseCase } from '../merging/use-cases/list-merge-reviews/list-merge-reviews.use-case';
import { ResolveMergeReviewUseCase } from '../merging/use-cases/resolve-merge-review/resolve-merge-review.use-case';
import { ListMergesUseCase } from '../merging/use-cases/list-merges/list-merges.use-case';
import { MergingGrpcController } from '../merging/grpc/merging.grpc.controller';
import { ProfileRepository } from '../profile/persistence/profile.repository';
import { SetProfileAttributesUseCase } from '../profile/use-cases/set-profile-attributes/set-profile-attributes.use-case';
import { SetTraitUseCase } from '../profile/use-cases/set-trait/set-trait.use-case';
import { RememberFactUseCase } from '../profile/use-cases/remember-fact/remember-fact.use-case';
import { ProfileGrpcController } from '../profile/grpc/profile.grpc.controller';
import { ConsentRepository } from '../consent/persistence/consent.repository';
import { SetConsentUseCase } from '../consent/use-cases/set-consent/set-consent.use-case';
import { CheckConsentUseCase } from '../consent/use-cases/check-consent/check-consent.use-case';
import { ConsentGrpcController } from '../consent/grpc/consent.grpc.controller';
import { ExportCustomerUseCase } from '../privacy/use-cases/export-customer/export-customer.use-case';
import { EraseCustomerUseCase } from '../privacy/use-cases/erase-customer/erase-customer.use-case';
import { PrivacyGrpcController } from '../privacy/grpc/privacy.grpc.controller';
import { UpsertCrmCustomerUseCase } from '../crm/use-cases/upsert-crm-customer/upsert-crm-customer.use-case';
import { CrmGrpcController } from '../crm/grpc/crm.grpc.controller';

/** The customer graph: resolution and merging, profile, consent, privacy, CRM sync (the timeline is its own module). */
@Module({
  imports: [TimelineModule],
  controllers: [IdentityGrpcController, MergingGrpcController, ProfileGrpcController, ConsentGrpcController, PrivacyGrpcController, CrmGrpcController],
  providers: [
    IdentityRepository,
    CustomerLookup,
    CustomerContextQuery,
    ResolveIdentityUseCase,
    GetCustomerUseCase,
    GetCustomerContextUseCase,
    TenantSettingsRepository,
    GetTenantSettingsUseCase,
    UpdateTenantSettingsUseCase,
    MergeRepository,
    MergeReviewRepository,
    MergeCustomersUseCase,
    UnmergeCustomerUseCase,
    ListMergeReviewsUseCase,
    ResolveMergeReviewUseCase,
    ListMergesUseCase,
    ProfileRepository,
    SetProfileAttributesUseCase,
    SetTraitUseCase,
    RememberFactUseCase,
    ConsentRepository,
    SetConsentUseCase,
    CheckConsentUseCase,
    ExportCustomerUseCase,
    EraseCustomerUseCase,
    UpsertCrmCustomerUseCase,
  ],
})
export class IdentityModule {}
