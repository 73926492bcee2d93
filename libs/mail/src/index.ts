export * from './mail.exception.js';
export * from './mail-transport.js';
export * from './dto/email.dto.js';
export * from './email-sending.service.js';
export * from './email-delivery.service.js';
export * from './mail.module.js';
export * from './owned-tables.js';
