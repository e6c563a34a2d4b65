import { ContextType } from './exporter-vocabulary';

/**
 * Where a source subject lands on the destination: renamed by `subjectRenameFormat` (`${subject}`
 * stands for the source name), then qualified with the destination context, `:.ctx:subject`
 * (Confluent's qualified subject), unless the context is the default one.
 */
export interface ContextChoice {
  contextType: ContextType;
  /** The CUSTOM context, with its leading dot. */
  context: string | null;
}

/** The destination context (with its leading dot), or null for the default context. */
export function destinationContext(choice: ContextChoice, sourceName: string): string | null {
  if (choice.contextType === 'NONE') return null;
  if (choice.contextType === 'CUSTOM') return choice.context && choice.context !== '.' ? choice.context : null;
  return `.${sourceName}`;
}

export function renamed(subject: string, format: string): string {
  return format.split('${subject}').join(subject);
}

export function destinationSubject(subject: string, format: string, context: string | null): string {
  const name = renamed(subject, format);
  return context ? `:${context}:${name}` : name;
}
