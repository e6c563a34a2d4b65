import { Injectable, PipeTransform } from '@nestjs/common';
import { normalizeSubject } from '../registry/qualified-subject';

/**
 * A `{subject}` path parameter in the one spelling the registry stores: `:.eu:orders-value` in
 * a named context, the bare name in the default one (`:.:x` is `x`), `:.eu` for the context itself
 * is `:.eu:` (docs/reference/contexts.md). Validity is judged by the endpoint, as before.
 */
@Injectable()
export class QualifiedSubjectPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return typeof value === 'string' ? normalizeSubject(value) : value;
  }
}
