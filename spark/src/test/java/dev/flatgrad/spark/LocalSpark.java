package dev.flatgrad.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** A {@code local[2]} Spark session for one test class, started and stopped by it. */
final class LocalSpark {
  private LocalSpark() {}

  /** A session on two local cores, without web UI, bound to the loopback address. */
  static SparkSession start(Class<?> test) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(test.getSimpleName())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  static JavaSparkContext context(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }
}
