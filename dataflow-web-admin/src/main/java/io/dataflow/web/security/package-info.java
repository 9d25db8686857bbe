/**
 * Authentication and authorization of the console and API: users from configuration ({@link
 * io.dataflow.web.security.ConsoleUsers}), one authentication mechanism that takes a form login
 * (session) or HTTP Basic (scripts), the two roles, and the CSRF rule for REST mutations.
 */
package io.dataflow.web.security;
