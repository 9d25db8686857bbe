/**
 * Backing beans of the JSF console pages (Dashboard, Cache, Archive, Dead letters, login). They
 * read through {@link io.dataflow.admin.PipelineFacade}; every action checks the admin role with
 * {@link io.dataflow.web.console.ConsoleAccess} (JSF POSTs are protected from CSRF by the view
 * state). Sorting, filtering and formatting are plain classes with unit tests.
 */
package io.dataflow.web.console;
