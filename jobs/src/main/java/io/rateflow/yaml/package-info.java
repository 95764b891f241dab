/**
 * Reading configuration documents (rules, promotions, charts of accounts) as YAML nodes within fixed
 * bounds of size, nesting and aliases: no Flink types, shared by the job, the CLI and the tests.
 */
package io.rateflow.yaml;
