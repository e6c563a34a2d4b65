import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '../kernel/domain-error';

/**
 * Inputs are validated by their class-validator decorators before any service code runs; the error
 * names each field and the rule it broke (`slug: must match ^[a-z0-9]... (matches)`).
 */
export function inputValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    forbidUnknownValues: false,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const first = problems[0];
      return new DomainError('INVALID_INPUT', problems.map((p) => `'${p.field}' ${p.message} (rule: ${p.rule})`).join('; '), {
        field: first?.field,
        rule: first?.rule,
        problems,
      });
    },
  });
}

interface Problem {
  field: string;
  rule: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): Problem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      // class-validator starts its messages with the property name; the field is named separately.
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
