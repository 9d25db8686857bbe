package io.dataflow.it.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One REST endpoint of the admin API, found by reflection: every class with {@code @Path} in the
 * API's package, every method with an HTTP-method annotation. An endpoint added later is covered by
 * the security tests without touching them.
 *
 * @param httpMethod GET, POST, ...
 * @param template the path template, e.g. {@code /admin/api/cache/invalidate/{deviceId}}
 * @param path the template with sample values for its parameters
 * @param adminOnly whether its {@code @RolesAllowed} leaves the viewer out (every mutation, and the
 *     reads that show details only administrators may see)
 */
record ApiEndpoint(String httpMethod, String template, String path, boolean adminOnly) {
  static final String API_PACKAGE = "io.dataflow.web.api";
  private static final Pattern PARAM = Pattern.compile("\\{\\s*(\\w+)\\s*(:[^}]*)?}");

  boolean isMutation() {
    return !httpMethod.equals("GET") && !httpMethod.equals("HEAD");
  }

  @Override
  public String toString() {
    return httpMethod + " " + template;
  }

  /** Every endpoint of the admin API, sorted. */
  static List<ApiEndpoint> all() {
    List<ApiEndpoint> endpoints = new ArrayList<>();
    String root = "/admin/" + applicationPath();
    for (Class<?> resource : resourceClasses()) {
      String base = join(root, resource.getAnnotation(Path.class).value());
      for (Method m : resource.getMethods()) {
        String verb = httpMethod(m);
        if (verb == null) {
          continue;
        }
        Path sub = m.getAnnotation(Path.class);
        String template = sub == null ? base : join(base, sub.value());
        endpoints.add(new ApiEndpoint(verb, template, sample(template), adminOnly(m)));
      }
    }
    endpoints.sort(
        Comparator.comparing(ApiEndpoint::template).thenComparing(ApiEndpoint::httpMethod));
    if (endpoints.isEmpty()) {
      throw new IllegalStateException("no REST endpoints found in " + API_PACKAGE);
    }
    return endpoints;
  }

  private static boolean adminOnly(Method m) {
    jakarta.annotation.security.RolesAllowed roles =
        m.getAnnotation(jakarta.annotation.security.RolesAllowed.class);
    return roles != null && !java.util.Arrays.asList(roles.value()).contains("dataflow-viewer");
  }

  /** Sample values: a group key with slashes (as real keys have), a device id, a small limit. */
  static String sample(String template) {
    Matcher m = PARAM.matcher(template);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "key" -> "2026/11/25/it-no-such-group";
            case "deviceId" -> "it-no-such-device";
            default -> "it-sample";
          };
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String applicationPath() {
    for (Class<?> c : classesOfApiPackage()) {
      ApplicationPath p = c.getAnnotation(ApplicationPath.class);
      if (p != null) {
        return p.value().replaceAll("^/+|/+$", "");
      }
    }
    throw new IllegalStateException("no @ApplicationPath class in " + API_PACKAGE);
  }

  private static List<Class<?>> resourceClasses() {
    return classesOfApiPackage().stream().filter(c -> c.isAnnotationPresent(Path.class)).toList();
  }

  private static String httpMethod(Method m) {
    return Arrays.stream(m.getAnnotations())
        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
        .filter(h -> h != null)
        .map(HttpMethod::value)
        .findFirst()
        .orElse(null);
  }

  private static String join(String a, String b) {
    return (a.replaceAll("/+$", "") + "/" + b.replaceAll("^/+", "")).replaceAll("/+$", "");
  }

  /** The classes of the API package, from the WAR's classes jar (or a directory in an IDE). */
  private static List<Class<?>> classesOfApiPackage() {
    String dir = API_PACKAGE.replace('.', '/');
    URL url = ApiEndpoint.class.getClassLoader().getResource(dir);
    if (url == null) {
      throw new IllegalStateException(API_PACKAGE + " is not on the test class path");
    }
    List<String> names = new ArrayList<>();
    try {
      if (url.getProtocol().equals("jar")) {
        String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
        try (JarFile f = new JarFile(Paths.get(new URL("file:" + jar).toURI()).toFile())) {
          f.stream()
              .map(e -> e.getName())
              .filter(n -> n.startsWith(dir + "/") && n.endsWith(".class"))
              .filter(n -> n.indexOf('/', dir.length() + 1) < 0)
              .forEach(names::add);
        }
      } else {
        try (Stream<java.nio.file.Path> s = Files.list(Paths.get(url.toURI()))) {
          s.map(p -> dir + "/" + p.getFileName())
              .filter(n -> n.endsWith(".class"))
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String n : names) {
      try {
        classes.add(
            Class.forName(
                n.replace('/', '.').replaceAll("\\.class$", ""),
                false,
                ApiEndpoint.class.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + n, e);
      }
    }
    return classes;
  }
}
