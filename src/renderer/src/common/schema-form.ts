import { schemaResolver, type FormErrors } from '@mantine/form';
import type { z } from 'zod';
import { fieldErrorsOf } from './errors';

// Forms validate with the same shared zod schema the core applies (Mantine's Standard Schema resolver),
// over the values as the core will receive them (`toInput`: text fields turned into numbers, say), so a
// message in the form is the message the core would give.

/** A form's `validate`: the shared schema run over what the form would send. */
export function schemaValidate<Values>(
  schema: z.ZodType | ((values: Values) => z.ZodType),
  toInput: (values: Values) => unknown = (values) => values,
): (values: Values) => FormErrors {
  return (values) => {
    const chosen = typeof schema === 'function' ? schema(values) : schema;
    return schemaResolver(chosen, { sync: true })(toInput(values));
  };
}

/**
 * A refusal from the core that names its fields (a duplicate SKU, a buyer's taken email) lands on those
 * fields; true when it did, so the screen shows the general message only for other refusals.
 */
export function showFieldErrors(form: { setErrors: (errors: FormErrors) => void }, error: unknown): boolean {
  const errors = fieldErrorsOf(error);
  form.setErrors(errors);
  return Object.keys(errors).length > 0;
}
