import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { OVERALL_RECOMMENDATIONS, SCORECARD_LIMITS, type CompetencyRating, type OverallRecommendation, type RatingValue } from '../rules/scorecard-content.js';
import type { Scorecard, ScorecardStatus } from '../scorecard.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RatingDto implements CompetencyRating {
  @ApiProperty({ description: 'A competency key of the interview’s kit revision' })
  @IsString()
  @MaxLength(64)
  competency: string;

  @ApiProperty({
    oneOf: [
      { type: 'integer', minimum: 1, maximum: 4 },
      { type: 'string', enum: ['no_signal'] },
    ],
    description: '1–4 or no_signal (checked against the kit → 422)',
  })
  @IsDefined()
  rating: RatingValue;

  @ApiPropertyOptional({ maxLength: SCORECARD_LIMITS.maxEvidenceLength, description: 'Required for ratings of 1 and 4 when submitting' })
  @IsOptional()
  @IsString()
  @MaxLength(SCORECARD_LIMITS.maxEvidenceLength)
  evidence?: string;
}

export class QuestionNoteDto {
  @ApiProperty({ description: 'A question key of the kit' })
  @IsString()
  @MaxLength(64)
  question: string;

  @ApiProperty({ maxLength: SCORECARD_LIMITS.maxNoteLength })
  @IsString()
  @MaxLength(SCORECARD_LIMITS.maxNoteLength)
  note: string;
}

export class ScorecardContentDto {
  @ApiPropertyOptional({ type: [RatingDto], maxItems: SCORECARD_LIMITS.maxRatings })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCORECARD_LIMITS.maxRatings)
  @ValidateNested({ each: true })
  @Type(() => RatingDto)
  ratings?: RatingDto[];

  @ApiPropertyOptional({ type: [QuestionNoteDto], maxItems: SCORECARD_LIMITS.maxNotes })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SCORECARD_LIMITS.maxNotes)
  @ValidateNested({ each: true })
  @Type(() => QuestionNoteDto)
  questionNotes?: QuestionNoteDto[];

  @ApiPropertyOptional({ maxLength: SCORECARD_LIMITS.maxTakeawaysLength })
  @IsOptional()
  @IsString()
  @MaxLength(SCORECARD_LIMITS.maxTakeawaysLength)
  keyTakeaways?: string;

  @ApiPropertyOptional({ enum: OVERALL_RECOMMENDATIONS })
  @IsOptional()
  @IsIn(OVERALL_RECOMMENDATIONS)
  overall?: OverallRecommendation;
}

export class CorrectScorecardDto extends ScorecardContentDto {
  @ApiProperty({ maxLength: 1000, description: 'Why the submitted scorecard is corrected' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class ScorecardDto {
  @ApiProperty() id: string;
  @ApiProperty() interviewId: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() interviewerId: string;
  @ApiProperty({ type: String, nullable: true }) kitRevisionId: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['draft', 'submitted'] }) status: ScorecardStatus;
  @ApiProperty({ description: 'False when a correction superseded this version' }) current: boolean;
  @ApiProperty({ type: [RatingDto] }) ratings: CompetencyRating[];
  @ApiProperty({ type: [QuestionNoteDto] }) questionNotes: QuestionNoteDto[];
  @ApiProperty({ type: String, nullable: true }) keyTakeaways: string | null;
  @ApiProperty({ enum: OVERALL_RECOMMENDATIONS, nullable: true }) overall: OverallRecommendation | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why this version amends the one before (amended versions only)' }) correctionReason: string | null;
  @ApiProperty({ description: 'This version amends a submitted scorecard (its reason: correctionReason; when: amendedAt)' }) amended: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When this amendment was made' }) amendedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) supersedesId: string | null;
  @ApiProperty({ type: String, nullable: true }) submittedAt: string | null;
  @ApiProperty() updatedAt: string;

  static from(s: Scorecard): ScorecardDto {
    return {
      id: s.id,
      interviewId: s.interviewId,
      applicationId: s.applicationId,
      interviewerId: s.interviewerId,
      kitRevisionId: s.kitRevisionId,
      version: s.version,
      status: s.status,
      current: s.current,
      ratings: s.ratings,
      questionNotes: s.questionNotes,
      keyTakeaways: s.keyTakeaways,
      overall: s.overall,
      correctionReason: s.correctionReason,
      amended: s.version > 1 && s.supersedesId !== null,
      amendedAt: s.version > 1 && s.supersedesId !== null && s.submittedAt ? s.submittedAt.toISOString() : null,
      supersedesId: s.supersedesId,
      submittedAt: s.submittedAt ? s.submittedAt.toISOString() : null,
      updatedAt: s.updatedAt.toISOString(),
    };
  }
}

export class MyScorecardVersionsDto {
  @ApiProperty({ type: ScorecardDto, nullable: true, description: 'Your current version (draft or submitted)' }) current: ScorecardDto | null;
  @ApiProperty({ type: [ScorecardDto], description: 'Every version, oldest first' }) versions: ScorecardDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Until when you may amend your submitted scorecard (first submission + the organization's amendment window); null before submitting",
  })
  amendableUntil: string | null;
}

export class ApplicationScorecardsDto {
  @ApiProperty({ description: 'True while you are on this application’s panel and have not submitted your own: others’ scorecards are withheld' })
  blind: boolean;
  @ApiProperty({ type: [ScorecardDto], description: 'Submitted scorecards you may see (all versions), plus your own drafts' }) data: ScorecardDto[];
}

export class CompetencySummaryDto {
  @ApiProperty() competency: string;
  @ApiProperty() ratings: Array<{ interviewerId: string; scorecardId: string; rating: RatingValue }>;
  @ApiProperty({ type: Number, nullable: true }) mean: number | null;
  @ApiProperty({ type: Number, nullable: true }) spread: number | null;
  @ApiProperty({ description: 'Ratings two or more levels apart' }) disagreement: boolean;
  @ApiProperty() noSignal: number;
}

export class SummaryCompetencyDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) rubric: string[];
}

export class RaterDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ScorecardSummaryDto {
  @ApiProperty() applicationId: string;
  @ApiProperty() blind: boolean;
  @ApiProperty({ type: [CompetencySummaryDto] }) competencies: CompetencySummaryDto[];
  @ApiProperty({ example: { strong_no: 0, no: 1, yes: 2, strong_yes: 0 } }) overall: Record<OverallRecommendation, number>;
  @ApiProperty() submitted: number;
  @ApiProperty({
    type: [SummaryCompetencyDto],
    description: "The competencies of the application's interview kits: key, name and the four rubric level descriptions (index 0 is level 1)",
  })
  kitCompetencies: SummaryCompetencyDto[];
  @ApiProperty({ type: [RaterDto], description: 'Who wrote each scorecard summarised here (only authors of scorecards you may see)' }) raters: RaterDto[];
  @ApiProperty({ description: 'Panel members whose scorecard is not submitted yet' }) owed: Array<{
    interviewId: string;
    interviewerId: string;
    interviewerName: string;
  }>;
}
