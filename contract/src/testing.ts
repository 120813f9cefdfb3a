/** Samples for tests in every package; not part of the wire. */
export { SAMPLE_APPLICATION_FORM } from './agent/application-form.fixture.js';
