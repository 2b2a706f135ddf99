// The closed lists the forms offer — currencies, payment methods, letter kinds and stages,
// plan item kinds, dispatch ways, hold reasons, ladder actions, log kinds and directions —
// sent by Rust once at start-up with the app status (services::status::choices). The window
// keeps no copy of a domain list: a code added in Rust reaches every form.
export const choices = {
  currencies: [],
  payment_methods: [],
  letter_kinds: [],
  letter_stages: [],
  plan_item_kinds: [],
  dispatch_vias: [],
  hold_reasons: [],
  ladder_actions: [],
  log_kinds: [],
  log_directions: [],
};

export function setChoices(from) {
  for (const k of Object.keys(choices)) choices[k] = from && Array.isArray(from[k]) ? from[k] : [];
}
