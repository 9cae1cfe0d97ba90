package dev.cairn.processor.model;

import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Short method signatures for messages: {@code load(Path)}, {@code concat(Dataset...)}. */
public final class Signatures {
  private Signatures() {}

  public static String of(ExecutableElement method) {
    String parameters = method.getParameters().stream()
        .map(parameter -> simpleName(parameter.asType()))
        .collect(Collectors.joining(", "));
    if (method.isVarArgs() && parameters.endsWith("[]")) {
      parameters = parameters.substring(0, parameters.length() - 2) + "...";
    }
    String name = method.getSimpleName().contentEquals("<init>")
        ? method.getEnclosingElement().getSimpleName().toString()
        : method.getSimpleName().toString();
    return name + "(" + parameters + ")";
  }

  private static String simpleName(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return simpleName(((javax.lang.model.type.ArrayType) type).getComponentType()) + "[]";
    }
    if (type.getKind() == TypeKind.DECLARED) {
      return ((DeclaredType) type).asElement().getSimpleName().toString();
    }
    return type.toString();
  }
}
