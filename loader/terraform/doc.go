// Package terraform loads a Terraform configuration written in HCL (.tf and
// .tf.json files) into the infrastructure model: one infra.Resource per
// resource instance, with its evaluated arguments, its position, the
// provider configuration it uses and the edges its references make.
//
// It evaluates the configuration the way Terraform would before apply:
// variables (defaults, tfvars files, --var-file, --var), locals in dependency
// order, count and for_each, dynamic blocks, the functions real code uses,
// and local modules (and remote ones that `terraform init` has installed).
// Whatever is only known after apply — computed attributes, data sources, a
// function this package lacks — evaluates to a cty unknown, never to an
// error. References are followed through locals, variables and module
// outputs with cty marks, so an edge is recorded even when the value it
// carries is unknown.
//
// Loading keeps going past errors: it returns every diagnostic with
// file:line:col, and what it built so far stays usable.
//
// The package imports only infra and diag of this module. It must not import
// rules, reports or the CLI, and it sets neither roles nor zones (infra/aws
// does that after loading).
package terraform
