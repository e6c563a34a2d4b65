import { CheckReport } from '../check/check-report';
import { renderGithub } from './github-format';
import { renderHuman } from './human-format';
import { renderJson } from './json-format';
import { renderJunit } from './junit-format';

export const OUTPUT_FORMATS = ['human', 'json', 'junit', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  color: boolean;
  timeSeconds?: number;
}

export function renderReport(format: OutputFormat, report: CheckReport, options: RenderOptions): string {
  switch (format) {
    case 'human':
      return renderHuman(report, { color: options.color });
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report, options.timeSeconds);
    case 'github':
      return renderGithub(report);
  }
}
