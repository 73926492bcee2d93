import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.js';
import { OrganizationDto } from './organization.dto.js';
import { UserDto } from './user.dto.js';
import { ProblemDto, Trim } from '../../../platform/src/index.js';

/** An organization's slug: lower-case letters and digits, in words joined by single dashes. */
const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class RegisterDto {
  @ApiProperty({ example: 'Acme Robotics', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName: string;

  @ApiProperty({ example: 'acme-robotics', description: 'Lower-case letters, digits and dashes; unique', pattern: SLUG_PATTERN.source })
  @IsString()
  @MinLength(2)
  @MaxLength(63)
  @Matches(SLUG_PATTERN, { message: 'organizationSlug must be lower-case letters, digits and single dashes' })
  organizationSlug: string;

  @ApiProperty({ example: 'Ada Admin', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'ada@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class LoginDto {
  @ApiProperty({ example: 'ada@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({
    example: 'acme-robotics',
    description:
      'The organization to sign in to. Needed only when the email address and password open accounts in several organizations (the 409 `identity.organization_required` names them).',
    pattern: SLUG_PATTERN.source,
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(63)
  @Matches(SLUG_PATTERN, { message: 'organizationSlug must be lower-case letters, digits and single dashes' })
  organizationSlug?: string;
}

/** One organization the caller may sign in to (they proved its password). */
export class OrganizationChoiceDto {
  @ApiProperty({ example: 'acme-robotics' })
  slug: string;

  @ApiProperty({ example: 'Acme Robotics' })
  name: string;
}

/** 409 `identity.organization_required`: the email address and password open accounts in these organizations. */
export class OrganizationRequiredProblemDto extends ProblemDto {
  @ApiProperty({ type: [OrganizationChoiceDto], description: 'The organizations whose account this password opens; send one as organizationSlug' })
  organizations: OrganizationChoiceDto[];
}

export class AccessTokenDto {
  @ApiProperty({ description: 'Bearer token (JWT)' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;
}

export class RegistrationDto extends AccessTokenDto {
  @ApiProperty({ type: () => UserDto })
  user: UserDto;

  @ApiProperty({ type: () => OrganizationDto })
  organization: OrganizationDto;
}
