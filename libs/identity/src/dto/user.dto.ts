import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, Trim } from '../../../platform/src/index.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password.js';
import { ALL_ROLES, Role } from '../role.js';
import type { AuthUserRow } from '../auth/auth-queries.js';
import { User } from '../user.entity.js';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty()
  active: boolean;

  @ApiProperty({ description: 'Invited and has not yet chosen their own password: signed in, they may only do that' })
  invitationPending: boolean;

  @ApiProperty({ description: 'The user confirmed their email address (an admin who registered the organization must, before adding anyone)' })
  emailConfirmed: boolean;

  @ApiProperty()
  version: number;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      organizationId: user.organizationId,
      email: user.email,
      name: user.name,
      roles: user.roles,
      active: user.active,
      invitationPending: user.mustChangePassword,
      emailConfirmed: user.emailConfirmedAt !== null,
      version: user.version,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class CreateUserDto {
  @ApiProperty({ example: 'rita@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Rita Recruiter' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, writeOnly: true })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiProperty({ enum: Role, isArray: true, example: ['recruiter'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each role must be one of ${ALL_ROLES.join(', ')}` })
  roles: Role[];
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each role must be one of ${ALL_ROLES.join(', ')}` })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  @Type(() => UserDto)
  data: UserDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class InviteUserDto {
  @ApiProperty({ example: 'rita@acme.test' })
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Rita Recruiter' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: Role, isArray: true, example: ['recruiter'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_ROLES.length)
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: `each role must be one of ${ALL_ROLES.join(', ')}` })
  roles: Role[];
}

export class InvitationDto {
  @ApiProperty({ type: () => UserDto })
  user: UserDto;

  @ApiProperty({
    description:
      'The one-time password, answered this once and never stored in clear: a fallback to the emailed link (hand it to the person; they choose their own at first sign-in). It stops working once they accept the invitation.',
  })
  oneTimePassword: string;

  @ApiProperty({
    description: 'An email with a link to choose a password (valid 72 hours, single use) is on its way; false when this instance sends no mail (MAIL_DISABLED)',
  })
  invitationEmailed: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true, description: 'The password (or one-time password) used to sign in' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({ writeOnly: true, minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

/** A user as the API shows it, from the auth query's row (`AUTH_USER_SQL`). */
export function userDtoFromRow(row: AuthUserRow): UserDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    active: row.active,
    invitationPending: row.must_change_password,
    emailConfirmed: row.email_confirmed_at !== null,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
