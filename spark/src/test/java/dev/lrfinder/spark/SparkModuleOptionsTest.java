package dev.lrfinder.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/** The module options this module gives the driver (pom.xml, target/jvm-options) are Spark's own. */
class SparkModuleOptionsTest {
    @Test
    void theDriversModuleOptionsAreThoseSparksLauncherGives() {
        assertEquals(JavaModuleOptions.defaultModuleOptions(), System.getProperty("lrfinder.sparkModuleOptions"),
                "update lrfinder.sparkModuleOptions in spark/pom.xml to this Spark's JavaModuleOptions");
    }
}
