import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import type { InterviewKitRevision } from '../interview-kit-revision.entity.js';
import type { InterviewKit } from '../interview-kit.entity.js';
import { KIT_KEY_PATTERN, KIT_LIMITS } from '../library/validate-kit.js';
import { kitMinutesPlan, type KitMinutesPlan, type KitPlanPartKind } from '../library/minutes-plan.js';
import type { KitCompetency, KitContent, KitGuidance, KitQuestion } from '../library/kit-content.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

// --- requests ------------------------------------------------------------------------------------

/**
 * The body of `POST /v1/interview-kits` and `POST /v1/interview-kits/:id/revisions` is the kit
 * content itself. It is checked by `validateKitContent` (not class-validator), so a problem is
 * reported with its exact path, e.g. `questions[2].competencies[0]`, and unknown fields are refused.
 */
export class KitCompetencyDto implements KitCompetency {
  @ApiProperty({ example: 'distributed_state', maxLength: KIT_LIMITS.maxKeyLength }) key: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], minItems: 4, maxItems: 4, description: 'What levels 1–4 look like, in observable terms (index 0 is level 1)' })
  rubric: [string, string, string, string];
}

export class KitQuestionDto implements KitQuestion {
  @ApiProperty({ example: 'store_outage' }) key: string;
  @ApiProperty() prompt: string;
  @ApiProperty({ type: [String] }) followUps: string[];
  @ApiProperty({ type: [String], description: 'Signals of a strong answer' }) signals: string[];
  @ApiProperty({ type: [String] }) redFlags: string[];
  @ApiProperty({ minimum: 1, maximum: KIT_LIMITS.maxDurationMinutes }) minutes: number;
  @ApiProperty({ type: [String], description: 'Keys of the competencies this question gives evidence for' }) competencies: string[];
}

export class KitGuidanceDto implements KitGuidance {
  @ApiProperty() opening: string;
  @ApiProperty() candidateQuestions: string;
  @ApiProperty() closing: string;
  @ApiProperty({ type: [String] }) notes: string[];
}

export class KitContentDto implements KitContent {
  @ApiProperty({ example: 'rate-limiter-design', description: 'kebab-case slug, unique in your organization' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ example: 'system_design' }) stageKind: string;
  @ApiProperty({ minimum: 1, maximum: KIT_LIMITS.maxDurationMinutes }) durationMinutes: number;
  @ApiProperty({ type: [KitCompetencyDto], maxItems: KIT_LIMITS.maxCompetencies }) competencies: KitCompetencyDto[];
  @ApiProperty({ type: [KitQuestionDto], maxItems: KIT_LIMITS.maxQuestions }) questions: KitQuestionDto[];
  @ApiProperty({ type: KitGuidanceDto }) guidance: KitGuidanceDto;
}

export class ForkKitDto {
  @ApiPropertyOptional({ description: 'Key of the copy (default: the source key)', maxLength: KIT_LIMITS.maxKeyLength })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(KIT_LIMITS.maxKeyLength)
  @Matches(KIT_KEY_PATTERN, { message: 'key must be a kebab-case slug' })
  key?: string;

  @ApiPropertyOptional({ description: 'Title of the copy (default: the source title)', maxLength: KIT_LIMITS.maxStringLength })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(KIT_LIMITS.maxStringLength)
  title?: string;
}

export class ListKitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'system_design' })
  @IsOptional()
  @IsString()
  @MaxLength(KIT_LIMITS.maxKeyLength)
  stageKind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  builtIn?: boolean;
}

// --- responses -----------------------------------------------------------------------------------

export class KitRevisionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
}

export class InterviewKitDto {
  @ApiProperty() id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() stageKind: string;
  @ApiProperty({ description: 'Built-ins are read-only; fork one to change it' }) builtIn: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The kit this one was copied from' }) forkedFrom: string | null;
  @ApiProperty({ type: KitRevisionSummaryDto }) latestRevision: KitRevisionSummaryDto;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(kit: InterviewKit): InterviewKitDto {
    return {
      id: kit.id,
      key: kit.key,
      title: kit.title,
      stageKind: kit.stageKind,
      builtIn: kit.builtIn,
      forkedFrom: kit.forkedFrom,
      latestRevision: { id: kit.latestRevisionId as string, number: kit.latestRevisionNumber },
      createdAt: kit.createdAt.toISOString(),
      updatedAt: kit.updatedAt.toISOString(),
    };
  }
}

export class KitPlanPartDto {
  @ApiProperty({ enum: ['opening', 'question', 'candidate_questions'] }) kind: KitPlanPartKind;
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty() minutes: number;
  @ApiProperty() startMinute: number;
}

export class KitMinutesPlanDto implements KitMinutesPlan {
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ type: [KitPlanPartDto] }) parts: KitPlanPartDto[];
  @ApiProperty() openingMinutes: number;
  @ApiProperty() questionMinutes: number;
  @ApiProperty() candidateQuestionsMinutes: number;
  @ApiProperty() plannedMinutes: number;
  @ApiProperty() overrunMinutes: number;
  @ApiProperty() candidateTimeShort: boolean;
}

export class KitRevisionDto {
  @ApiProperty() id: string;
  @ApiProperty() number: number;
  @ApiProperty({ type: KitContentDto }) content: KitContentDto;
  @ApiProperty({ type: KitMinutesPlanDto, description: 'Minutes per part, for the kit screen' }) minutesPlan: KitMinutesPlanDto;
  @ApiProperty() createdAt: string;

  static from(revision: InterviewKitRevision): KitRevisionDto {
    return {
      id: revision.id,
      number: revision.number,
      content: revision.content,
      minutesPlan: kitMinutesPlan(revision.content),
      createdAt: revision.createdAt.toISOString(),
    };
  }
}

export class InterviewKitDetailDto extends InterviewKitDto {
  @ApiProperty({ type: KitRevisionDto, description: 'The latest revision, or the one asked for with ?revision=' }) revision: KitRevisionDto;

  static detail(kit: InterviewKit, revision: InterviewKitRevision): InterviewKitDetailDto {
    return { ...InterviewKitDto.from(kit), revision: KitRevisionDto.from(revision) };
  }
}

export class InterviewKitPageDto {
  @ApiProperty({ type: [InterviewKitDto] }) data: InterviewKitDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class GetKitQueryDto {
  @ApiPropertyOptional({ description: 'A revision number (default: the latest)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  revision?: number;
}
