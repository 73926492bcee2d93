import { Foundation1763870000000 } from './1763870000000-Foundation.js';
import { TemplatesAndJobs1763871000000 } from './1763871000000-TemplatesAndJobs.js';
import { Pipelines1763872000000 } from './1763872000000-Pipelines.js';
import { Postings1763873000000 } from './1763873000000-Postings.js';
import { InterviewKits1763874000000 } from './1763874000000-InterviewKits.js';
import { InterviewsAndScorecards1763875000000 } from './1763875000000-InterviewsAndScorecards.js';
import { Offers1763876000000 } from './1763876000000-Offers.js';
import { DecisionQueues1763877000000 } from './1763877000000-DecisionQueues.js';
import { CandidateFileContent1763878000000 } from './1763878000000-CandidateFileContent.js';
import { OfferDeclineReasonId1763879500000 } from './1763879500000-OfferDeclineReasonId.js';
import { SweepIndexes1763879900000 } from './1763879900000-SweepIndexes.js';
import { UntrustedFileText1764500000000 } from './1764500000000-UntrustedFileText.js';
import { UserTokenEpoch1764510000000 } from './1764510000000-UserTokenEpoch.js';
import { PostingBoardAnswer1764520000000 } from './1764520000000-PostingBoardAnswer.js';
import { JobTitleTemplate1764530000000 } from './1764530000000-JobTitleTemplate.js';
import { RowLevelSecurity1764600000000 } from './1764600000000-RowLevelSecurity.js';
import { TenantForeignKeys1764610000000 } from './1764610000000-TenantForeignKeys.js';
import { JobsPublishedViews1764640000000 } from './1764640000000-JobsPublishedViews.js';
import { MergeFollowersAndRetention1764650000000 } from './1764650000000-MergeFollowersAndRetention.js';
import { AdminSetup1764700000000 } from './1764700000000-AdminSetup.js';
import { Mail1764750000000 } from './1764750000000-Mail.js';
import { EmailTemplates1764751000000 } from './1764751000000-EmailTemplates.js';
import { EmailCalendar1764752000000 } from './1764752000000-EmailCalendar.js';
import { InboundEmails1764753000000 } from './1764753000000-InboundEmails.js';
import { AccountEmails1764760000000 } from './1764760000000-AccountEmails.js';
import { CandidateContactPreferences1764770000000 } from './1764770000000-CandidateContactPreferences.js';
import { OrganizationInbox1764780000000 } from './1764780000000-OrganizationInbox.js';
import { SelfScheduling1764790000000 } from './1764790000000-SelfScheduling.js';
import { AuditChain1764810000000 } from './1764810000000-AuditChain.js';
import { SelfIdentification1764811000000 } from './1764811000000-SelfIdentification.js';
import { PrivacyExports1764820000000 } from './1764820000000-PrivacyExports.js';
import { PayTransparencyRules1764821000000 } from './1764821000000-PayTransparencyRules.js';
import { WebhookDeliveryLeases1764830000000 } from './1764830000000-WebhookDeliveryLeases.js';
import { UsersEmailPerOrganization1764850000000 } from './1764850000000-UsersEmailPerOrganization.js';
import { PrivacyRequestStatusTidy1764860000000 } from './1764860000000-PrivacyRequestStatusTidy.js';
import { TenantPolicyOncePerQuery1764870000000 } from './1764870000000-TenantPolicyOncePerQuery.js';
import { FeedPageIndex1764880000000 } from './1764880000000-FeedPageIndex.js';
import { JobApplicantCountsIndex1764890000000 } from './1764890000000-JobApplicantCountsIndex.js';
import { ReportFilterIndexes1764720000000 } from './1764720000000-ReportFilterIndexes.js';
import { BoardIndexUnderRls1764730000000 } from './1764730000000-BoardIndexUnderRls.js';
import { ApiKeys1764740000000 } from './1764740000000-ApiKeys.js';
import { Webhooks1764741000000 } from './1764741000000-Webhooks.js';

/** Every migration, in order. Add new ones at the end. */
import { PrivacyRetention1764800000000 } from './1764800000000-PrivacyRetention.js';

export const ALL_MIGRATIONS = [
  Foundation1763870000000,
  TemplatesAndJobs1763871000000,
  Pipelines1763872000000,
  Postings1763873000000,
  InterviewKits1763874000000,
  InterviewsAndScorecards1763875000000,
  Offers1763876000000,
  DecisionQueues1763877000000,
  CandidateFileContent1763878000000,
  OfferDeclineReasonId1763879500000,
  SweepIndexes1763879900000,
  UntrustedFileText1764500000000,
  UserTokenEpoch1764510000000,
  PostingBoardAnswer1764520000000,
  JobTitleTemplate1764530000000,
  RowLevelSecurity1764600000000,
  TenantForeignKeys1764610000000,
  JobsPublishedViews1764640000000,
  MergeFollowersAndRetention1764650000000,
  AdminSetup1764700000000,
  ReportFilterIndexes1764720000000,
  BoardIndexUnderRls1764730000000,
  ApiKeys1764740000000,
  Webhooks1764741000000,
  Mail1764750000000,
  EmailTemplates1764751000000,
  EmailCalendar1764752000000,
  InboundEmails1764753000000,
  AccountEmails1764760000000,
  CandidateContactPreferences1764770000000,
  OrganizationInbox1764780000000,
  SelfScheduling1764790000000,
  PrivacyRetention1764800000000,
  AuditChain1764810000000,
  SelfIdentification1764811000000,
  PrivacyExports1764820000000,
  PayTransparencyRules1764821000000,
  WebhookDeliveryLeases1764830000000,
  UsersEmailPerOrganization1764850000000,
  PrivacyRequestStatusTidy1764860000000,
  TenantPolicyOncePerQuery1764870000000,
  FeedPageIndex1764880000000,
  JobApplicantCountsIndex1764890000000,
];
