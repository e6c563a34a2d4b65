import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, invalidInput } from '../kernel/domain-error';
import { findInputProblem } from '../kernel/input-rules';

/**
 * The one pipe every argument passes. GraphQL arguments are first held to the rules every value
 * obeys (no U+0000 in any string, bounded nesting, dates in a storable range) — whatever their
 * declared type, so a new argument cannot forget them — and then validated by their class-validator
 * decorators; the error names each field and the rule it broke.
 *
 * An explicit `null` for an optional argument means the same as leaving it out (services and
 * parameter defaults see `undefined`), and absent arguments are not validated: there is nothing
 * to check, and validating them as an empty object would report rules of fields never sent.
 */
@Injectable()
export class EdgeInputPipe implements PipeTransform {
  private readonly classes = classValidationPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const graphql = isGraphqlArgument(metadata);
    if (value === undefined || value === null) return graphql ? undefined : value;
    if (graphql || isNamedQueryParameter(metadata)) {
      const problem = findInputProblem(value, metadata.data as string);
      if (problem) throw invalidInput(problem.field, problem.rule, problem.message);
    }
    return this.classes.transform(value, metadata);
  }
}

/**
 * Nest hands GraphQL arguments to pipes as `body` with the argument's name. REST bodies are read
 * whole (`@Body()`, no name) by the registry, which answers its own Confluent error codes.
 */
function isGraphqlArgument(metadata: ArgumentMetadata): boolean {
  return metadata.type === 'body' && typeof metadata.data === 'string';
}

/**
 * A query parameter a handler reads by name goes straight into a service. Whole query objects and
 * path parameters are read by the registry, which answers them with Confluent's own codes.
 */
function isNamedQueryParameter(metadata: ArgumentMetadata): boolean {
  return metadata.type === 'query' && typeof metadata.data === 'string';
}

export function inputValidationPipe(): PipeTransform {
  return new EdgeInputPipe();
}

function classValidationPipe(): ValidationPipe {
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
