package dev.cairn.processor.fingerprint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.UnionType;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * Canonical, JDK-independent names of symbols and types, written by hand from the element and
 * type model instead of {@code toString()} (whose format javac does not promise).
 *
 * <ul>
 *   <li>types: binary names ({@code java.util.Map$Entry}), type arguments in {@code <>},
 *       {@code []} for arrays, primitive keywords; type variables by name; a local class as
 *       {@code local:Name}, an anonymous one as {@code anon};
 *   <li>methods and constructors: {@code owner#name(erased,parameter,types)}, e.g.
 *       {@code java.util.List#size()}, {@code java.util.Random#<init>(long)};
 *   <li>fields: {@code owner#name}; local variables and parameters: {@code var:name}; packages:
 *       {@code pkg:java.util}.
 * </ul>
 */
public final class CanonicalNames {
  private final Types types;

  public CanonicalNames(Types types) {
    this.types = types;
  }

  /** The canonical name of a symbol, as the fingerprint records it. */
  public String symbol(Element element) {
    switch (element.getKind()) {
      case PACKAGE:
        return "pkg:" + ((PackageElement) element).getQualifiedName();
      case CLASS:
      case INTERFACE:
      case ENUM:
      case ANNOTATION_TYPE:
      case RECORD:
        return "type:" + typeName((TypeElement) element);
      case METHOD:
      case CONSTRUCTOR:
      case STATIC_INIT:
      case INSTANCE_INIT:
        return method((ExecutableElement) element);
      case FIELD:
      case ENUM_CONSTANT:
        return owner(element) + "#" + element.getSimpleName();
      case LOCAL_VARIABLE:
      case PARAMETER:
      case EXCEPTION_PARAMETER:
      case RESOURCE_VARIABLE:
      case BINDING_VARIABLE:
        return "var:" + element.getSimpleName();
      case TYPE_PARAMETER:
        return "tvar:" + element.getSimpleName();
      default:
        return element.getKind().name().toLowerCase(Locale.ROOT) + ":" + element.getSimpleName();
    }
  }

  /** {@code owner#name(erased,parameter,types)}. */
  public String method(ExecutableElement method) {
    return owner(method) + "#" + method.getSimpleName() + "(" + erasedParameters(method, ",") + ")";
  }

  /** The erased parameter types of a method, canonical, joined by {@code separator}. */
  public String erasedParameters(ExecutableElement method, String separator) {
    List<String> names = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      names.add(erasure(parameter.asType()));
    }
    return String.join(separator, names);
  }

  /** The canonical name of the erasure of a type, e.g. {@code java.util.List} for List<String>. */
  public String erasure(TypeMirror type) {
    return type(types.erasure(type));
  }

  /** The binary name of a class, or {@code local:Name} / {@code anon} for local classes. */
  public String typeName(TypeElement type) {
    NestingKind nesting = type.getNestingKind();
    switch (nesting) {
      case TOP_LEVEL:
        return type.getQualifiedName().toString();
      case MEMBER:
        Element enclosing = type.getEnclosingElement();
        if (enclosing instanceof TypeElement) {
          return typeName((TypeElement) enclosing) + "$" + type.getSimpleName();
        }
        return type.getQualifiedName().toString();
      case LOCAL:
        return "local:" + type.getSimpleName();
      case ANONYMOUS:
      default:
        return "anon";
    }
  }

  /** A canonical rendering of a (possibly generic) type. */
  public String type(TypeMirror type) {
    return new TypePrinter().print(type);
  }

  /** Whether {@code type} or any type it is built from is an error type (not yet generated). */
  public static boolean containsError(TypeMirror type) {
    return containsError(type, new HashSet<>());
  }

  private static boolean containsError(TypeMirror type, Set<TypeMirror> seen) {
    if (type == null || !seen.add(type)) {
      return false;
    }
    switch (type.getKind()) {
      case ERROR:
        return true;
      case ARRAY:
        return containsError(((ArrayType) type).getComponentType(), seen);
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (containsError(argument, seen)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return containsError(wildcard.getExtendsBound(), seen)
            || containsError(wildcard.getSuperBound(), seen);
      case TYPEVAR:
        return containsError(((TypeVariable) type).getUpperBound(), seen);
      case INTERSECTION:
        return ((IntersectionType) type).getBounds().stream().anyMatch(t -> containsError(t, seen));
      case UNION:
        return ((UnionType) type).getAlternatives().stream().anyMatch(t -> containsError(t, seen));
      default:
        return false;
    }
  }

  private String owner(Element member) {
    Element owner = member.getEnclosingElement();
    if (owner instanceof TypeElement) {
      return typeName((TypeElement) owner);
    }
    return owner == null ? "?" : owner.getSimpleName().toString();
  }

  /** Prints types; guards against the recursion of F-bounded captured type variables. */
  private final class TypePrinter {
    private final Set<Element> printingCaptures = new HashSet<>();

    String print(TypeMirror type) {
      TypeKind kind = type.getKind();
      switch (kind) {
        case BOOLEAN:
        case BYTE:
        case SHORT:
        case INT:
        case LONG:
        case CHAR:
        case FLOAT:
        case DOUBLE:
        case VOID:
          return kind.name().toLowerCase(Locale.ROOT);
        case ARRAY:
          return print(((ArrayType) type).getComponentType()) + "[]";
        case DECLARED:
          DeclaredType declared = (DeclaredType) type;
          String name = typeName((TypeElement) declared.asElement());
          if (declared.getTypeArguments().isEmpty()) {
            return name;
          }
          return name + declared.getTypeArguments().stream()
              .map(this::print)
              .collect(Collectors.joining(",", "<", ">"));
        case TYPEVAR:
          TypeVariable variable = (TypeVariable) type;
          Element element = variable.asElement();
          String simpleName = element.getSimpleName().toString();
          if (!simpleName.startsWith("<")) {
            return simpleName;
          }
          // a captured wildcard: javac names them "<captured wildcard>"; print its bounds
          if (!printingCaptures.add(element)) {
            return "capture";
          }
          try {
            String lower = variable.getLowerBound().getKind() == TypeKind.NULL
                ? ""
                : " super " + print(variable.getLowerBound());
            return "capture<" + print(variable.getUpperBound()) + lower + ">";
          } finally {
            printingCaptures.remove(element);
          }
        case WILDCARD:
          WildcardType wildcard = (WildcardType) type;
          if (wildcard.getExtendsBound() != null) {
            return "? extends " + print(wildcard.getExtendsBound());
          }
          if (wildcard.getSuperBound() != null) {
            return "? super " + print(wildcard.getSuperBound());
          }
          return "?";
        case INTERSECTION:
          return ((IntersectionType) type).getBounds().stream()
              .map(this::print)
              .collect(Collectors.joining("&"));
        case UNION:
          return ((UnionType) type).getAlternatives().stream()
              .map(this::print)
              .collect(Collectors.joining("|"));
        case NULL:
          return "null";
        case NONE:
          return "none";
        case ERROR:
          return "error:" + type;
        default:
          return kind.name().toLowerCase(Locale.ROOT);
      }
    }
  }
}
