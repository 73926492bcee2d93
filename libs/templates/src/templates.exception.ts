import { DomainException, DomainExceptionOptions, ErrorKind } from '../../platform/src/index.js';

export enum TemplatesErrorCode {
  TemplateNotFound = 'templates.template_not_found',
  RevisionNotFound = 'templates.revision_not_found',
  BuiltInReadOnly = 'templates.built_in_read_only',
  InvalidVariables = 'templates.invalid_variables',
  InvalidTemplate = 'templates.invalid_template',
  RenderedTooLong = 'templates.rendered_too_long',
  LintInputMissing = 'templates.lint_input_missing',
}

const KIND: Record<TemplatesErrorCode, ErrorKind> = {
  [TemplatesErrorCode.TemplateNotFound]: ErrorKind.NotFound,
  [TemplatesErrorCode.RevisionNotFound]: ErrorKind.NotFound,
  [TemplatesErrorCode.BuiltInReadOnly]: ErrorKind.Forbidden,
  [TemplatesErrorCode.InvalidVariables]: ErrorKind.Unprocessable,
  [TemplatesErrorCode.InvalidTemplate]: ErrorKind.Unprocessable,
  [TemplatesErrorCode.RenderedTooLong]: ErrorKind.Unprocessable,
  [TemplatesErrorCode.LintInputMissing]: ErrorKind.BadRequest,
};

export class TemplatesException extends DomainException {
  constructor(code: TemplatesErrorCode, message: string, options?: DomainExceptionOptions) {
    super(code, KIND[code], message, options);
  }
}
