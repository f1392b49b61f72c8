import * as core from '@actions/core';

/**
 * Makes text from AWS or from inputs unable to issue workflow commands when printed: a line that
 * starts (after the white space the runner trims) with `::`, and the older `##[` form, which the
 * runner reads anywhere in a line, get a zero-width space so they print the same but parse as
 * plain text.
 */
export function inert(text: string): string {
  return text.replace(/##\[/g, '#\u200b#[').replace(/^(\s*):(?=:)/gm, '$1:\u200b');
}

export const info = (message: string): void => core.info(inert(message));
export const warning = (message: string): void => core.warning(inert(message));
export const error = (message: string): void => core.error(inert(message));
export const setFailed = (message: string): void => core.setFailed(inert(message));
/**
 * Shown only with the runner's debug logging on (ACTIONS_STEP_DEBUG, RUNNER_DEBUG=1); without it
 * nothing is written at all, so a debug line costs a check of one variable.
 */
export const debug = (message: string): void => {
  if (core.isDebug()) core.debug(inert(message));
};

/** Whether debug lines are shown: work done only for them can be skipped otherwise. */
export const debugging = (): boolean => core.isDebug();
