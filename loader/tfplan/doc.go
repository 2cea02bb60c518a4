// Package tfplan loads the JSON form of a Terraform plan (the output of
// `terraform show -json plan.out`) into the infrastructure model: one
// resource per planned instance, its planned attribute values with the values
// only known after apply kept as cty unknowns, the edges that the
// configuration's references imply (followed through module inputs and
// outputs), and edges between known values and the ids and ARNs of other
// resources. A state file in JSON (`terraform show -json` with no plan) loads
// too; it carries no configuration, so its edges come from values alone.
//
// Roles and zones are not set here: provider adapters such as infra/aws do
// that after loading.
//
// Package tfplan imports only infra and diag of this module; it must not
// import rules, reports or other loaders.
package tfplan
