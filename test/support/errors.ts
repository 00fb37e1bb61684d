/**
 * esokit's message inside what a synth throws: cdk8s reports synth-time problems as validation
 * errors ("Validation failed with the following errors:\n  [<path>] <message>"; the first one is
 * taken), and an error from inside serialization as "Failed serializing construct at path ...:
 * Error: <message>". Construction throws esokit's message itself.
 */
export function esokitMessage(message: string): string {
  const validation = /^Validation failed with the following errors:\n {2}\[[^\]]+\] (.*)$/m.exec(message);
  if (validation) {
    return validation[1];
  }
  const wrapped = /^Failed serializing construct at path '[^']*' with name '[^']*': Error: ([\s\S]*)$/.exec(message);
  return wrapped ? wrapped[1] : message;
}
