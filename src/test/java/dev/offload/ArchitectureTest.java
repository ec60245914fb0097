package dev.offload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ejb.MessageDriven;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layout rules of the package-info files, checked on the compiled classes. */
class ArchitectureTest {

  private static JavaClasses offload;

  @BeforeAll
  static void importClasses() {
    offload =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.offload");
  }

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("dev.offload.(**)").should().beFreeOfCycles().check(offload);
  }

  @Test
  void nothingDependsOnABoundary() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..boundary..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..boundary..")
        .check(offload);
  }

  @Test
  void nothingCallsAResourceOrAMessageDrivenBean() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .areAnnotatedWith(Path.class)
        .orShould()
        .dependOnClassesThat()
        .areAnnotatedWith(MessageDriven.class)
        .check(offload);
  }

  /**
   * The task and its state machine stand on Java and Jakarta alone, so a rule of the state machine
   * can be read, and tested, without any other part of Offload.
   */
  @Test
  void theTaskEntityKnowsNothingElseOfOffload() {
    classes()
        .that()
        .resideInAPackage("dev.offload.tasks.entity..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.offload.tasks.entity..", "java..", "jakarta..")
        .check(offload);
  }

  /**
   * Accepting a task knows nothing of running one: both read the handler SPI (which types exist and
   * whether a payload is valid), and the message on the queue is all that passes between them.
   */
  @Test
  void submissionKnowsNothingOfProcessing() {
    noClasses()
        .that()
        .resideInAPackage("dev.offload.submission..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.offload.processing..")
        .check(offload);
  }

  /**
   * Live status and metrics hear of tasks only from events, so that no code path that moves a task
   * can forget to tell them; a boundary (the API's live streams) may read what they keep.
   */
  @Test
  void liveStatusAndMetricsAreNotCalledByTheCodeTheyWatch() {
    for (String watcher : List.of("dev.offload.live..", "dev.offload.metrics..")) {
      noClasses()
          .that()
          .resideOutsideOfPackages("..boundary..", watcher)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(watcher)
          .check(offload);
    }
  }

  /**
   * Code that owns a transaction refuses with exceptions of its own; HTTP statuses and headers
   * (problem+json, JAX-RS) are for the resources and the mappers beside them.
   */
  @Test
  void transactionalCodeDoesNotSpeakHttp() {
    DescribedPredicate<JavaClass> ownsATransaction =
        DescribedPredicate.describe(
            "own a transaction",
            c ->
                c.isAnnotatedWith(Transactional.class)
                    || c.getMethods().stream()
                        .anyMatch(m -> m.isAnnotatedWith(Transactional.class)));
    noClasses()
        .that(ownsATransaction)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.ws.rs..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.offload.platform.Problem")
        .check(offload);
  }
}
