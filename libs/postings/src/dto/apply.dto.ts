import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SELF_IDENTIFICATION_ANSWERS, SelfIdentificationQuestion } from '../../../identity/src/index.js';

const answersOf = (q: SelfIdentificationQuestion) => [...SELF_IDENTIFICATION_ANSWERS[q]];
const SURVEY = 'Voluntary self-identification (only when the organization asks it; kept apart from the application, reported only in aggregate)';

const NO_URL = /^(?!.*(https?:\/\/|www\.)).*$/is;
// eslint-disable-next-line no-control-regex -- NUL is the one character refused here
const NO_NUL = /^[^\u0000]*$/;

/** A public application, Greenhouse's field names (JSON body or multipart form fields). */
export class ApplyDto {
  @ApiProperty({ maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(NO_URL, { message: 'first_name must not contain a URL' })
  first_name: string;

  @ApiProperty({ maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  @Matches(NO_URL, { message: 'last_name must not contain a URL' })
  last_name: string;

  @ApiProperty({ maxLength: 255 })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(255)
  email: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(/^[+0-9 ().-]*$/, { message: 'phone may contain digits, spaces, + ( ) . - only' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Resume as plain text (or upload `resume`)', maxLength: 100_000 })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  resume_text?: string;

  @ApiPropertyOptional({ description: 'Base64 resume file (JSON uploads)' })
  @IsOptional()
  @IsBase64()
  resume_content?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  resume_content_filename?: string;

  @ApiPropertyOptional({ maxLength: 20_000, description: 'Pasted cover letter (Greenhouse); kept on the application' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  @Matches(NO_NUL, { message: 'cover_letter_text must not contain NUL characters' })
  cover_letter_text?: string;

  @ApiPropertyOptional({ maxLength: 20_000, description: 'Cover letter text (the careers form); kept on the application' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  @Matches(NO_NUL, { message: 'cover_letter must not contain NUL characters' })
  cover_letter?: string;

  @ApiPropertyOptional({ description: 'Board the applicant came from (`careers`, `indeed`, `linkedin`, partner id)', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  source?: string;

  @ApiPropertyOptional({ description: 'Greenhouse gh_src tracking token', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  mapped_url_token?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  gh_src?: string;

  @ApiPropertyOptional({ enum: answersOf(SelfIdentificationQuestion.Sex), description: SURVEY })
  @IsOptional()
  @IsIn(answersOf(SelfIdentificationQuestion.Sex))
  eeo_sex?: string;

  @ApiPropertyOptional({ enum: answersOf(SelfIdentificationQuestion.RaceEthnicity), description: SURVEY })
  @IsOptional()
  @IsIn(answersOf(SelfIdentificationQuestion.RaceEthnicity))
  eeo_race_ethnicity?: string;

  @ApiPropertyOptional({ enum: answersOf(SelfIdentificationQuestion.VeteranStatus), description: SURVEY })
  @IsOptional()
  @IsIn(answersOf(SelfIdentificationQuestion.VeteranStatus))
  eeo_veteran_status?: string;

  @ApiPropertyOptional({ enum: answersOf(SelfIdentificationQuestion.Disability), description: SURVEY })
  @IsOptional()
  @IsIn(answersOf(SelfIdentificationQuestion.Disability))
  eeo_disability?: string;

  /** Honeypot: hidden from people; a bot that fills it is answered as if it succeeded. */
  @ApiPropertyOptional({ description: 'Leave empty' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  website?: string;
}

export class ApplyResultDto {
  @ApiProperty() success: boolean;
  @ApiProperty() status: string;
  @ApiProperty() message: string;
}
