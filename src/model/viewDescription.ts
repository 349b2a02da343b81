/**
 * The Images view's description (the grey text beside its title): what narrows or redirects the
 * listing, so it is never silently in effect. Pure, so every combination is unit-tested.
 */
import { visibleLine } from './text';

export interface ViewState {
  /** The text filter ('' for none). */
  readonly filter: string;
  /** The tag key images are grouped by, if any. */
  readonly groupByTag?: string | undefined;
  /** The endpoint override in effect (a URL), if any. */
  readonly endpoint?: string | undefined;
}

/** "host:port" of an endpoint URL (the port only when given), or the text itself when it is no URL. */
export function endpointLabel(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return endpoint;
  }
}

/** The parts of the description, in order: filter, grouping, endpoint. */
export function viewDescriptionParts(state: ViewState): string[] {
  const parts: string[] = [];
  // Settings can come from a workspace, and tag keys from strangers: one visible line each.
  if (state.filter) parts.push(`filter: ${visibleLine(state.filter)}`);
  if (state.groupByTag) parts.push(`by ${visibleLine(state.groupByTag)}`);
  if (state.endpoint) parts.push(`endpoint ${visibleLine(endpointLabel(state.endpoint))}`);
  return parts;
}

/** The description text, or undefined when nothing is in effect. */
export function viewDescription(state: ViewState): string | undefined {
  const parts = viewDescriptionParts(state);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
