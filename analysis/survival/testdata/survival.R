# Reference values for the survival package's tests, from R's survival
# package. Run from analysis/survival:
#
#   Rscript testdata/survival.R testdata testdata/golden
#
# It reads every input <name>.csv listed below (columns start, stop, event,
# group and covariates) and writes km.csv, logrank.csv, cox.csv,
# cox_tests.csv and zph.csv to the output directory.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
indir <- args[1]
outdir <- args[2]

# Each input, and the covariates of its Cox models (formula right-hand sides).
inputs <- list(
  counting = list(file = "counting.csv", counting = TRUE,
                  models = list(x = "x1 + x2", xg = "x1 + x2 + group")),
  right = list(file = "right.csv", counting = FALSE,
               models = list(x = "x1 + x2", xg = "x1 + x2 + group")),
  # The published states' joining rows (datasets/joining.csv with the
  # covariates of joining_cox), written by pipeline/build's tests.
  joining = list(file = "joining.csv", counting = TRUE,
                 models = list(region = "x_africa + x_americas", peers = "x_subregion_share"))
)
# Tight convergence, so both implementations report the same optimum.
ctl <- coxph.control(eps = 1e-11, toler.chol = 1e-13, iter.max = 100)

num <- function(x) ifelse(is.na(x), "NA", sprintf("%.15g", x))
out <- function(df, name) {
  for (j in seq_along(df)) if (is.numeric(df[[j]])) df[[j]] <- num(df[[j]])
  write.csv(df, file.path(outdir, name), row.names = FALSE, quote = FALSE)
}

km <- list(); lr <- list(); cox <- list(); ctest <- list(); zph <- list()
for (name in names(inputs)) {
  spec <- inputs[[name]]
  path <- file.path(indir, spec$file)
  if (!file.exists(path)) stop("missing input ", path)
  d <- read.csv(path, stringsAsFactors = FALSE)
  d$group <- factor(d$group, levels = sort(unique(d$group)))
  lhs <- if (spec$counting) "Surv(start, stop, event)" else "Surv(stop, event)"
  for (ct in c("log", "log-log")) {
    for (g in c("", levels(d$group))) {
      sub <- if (g == "") d else d[d$group == g, ]
      f <- survfit(as.formula(paste(lhs, "~ 1")), data = sub, conf.type = ct)
      km[[length(km) + 1]] <- data.frame(data = name, conf = ct, group = if (g == "") "all" else g,
        time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
        surv = f$surv, std_err = f$surv * f$std.err, se_hazard = f$std.err,
        lower = f$lower, upper = f$upper)
    }
  }
  # The log-rank test: survdiff on right-censored data; on counting-process
  # data (which survdiff refuses) the score test of the exact-ties Cox
  # model of the group, which is the same statistic.
  ex <- coxph(as.formula(paste(lhs, "~ group")), data = d, ties = "exact", control = coxph.control(iter.max = 0))
  lr[[length(lr) + 1]] <- data.frame(data = name, method = "coxph-exact-score", chisq = ex$score, df = length(ex$coefficients))
  if (!spec$counting) {
    sd <- survdiff(Surv(stop, event) ~ group, data = d)
    lr[[length(lr) + 1]] <- data.frame(data = name, method = "survdiff", chisq = sd$chisq, df = length(sd$n) - 1)
  }
  for (m in names(spec$models)) {
    fit <- coxph(as.formula(paste(lhs, "~", spec$models[[m]])), data = d, ties = "efron", control = ctl)
    cox[[length(cox) + 1]] <- data.frame(data = name, model = m, term = names(fit$coefficients),
      coef = unname(fit$coefficients), std_err = sqrt(diag(fit$var)))
    ctest[[length(ctest) + 1]] <- data.frame(data = name, model = m, loglik0 = fit$loglik[1],
      loglik = fit$loglik[2], lr = 2 * diff(fit$loglik), wald = unname(fit$wald.test), score = unname(fit$score))
    for (tr in c("km", "identity")) {
      z <- cox.zph(fit, transform = tr)
      zph[[length(zph) + 1]] <- data.frame(data = name, model = m, transform = tr,
        term = rownames(z$table), chisq = z$table[, "chisq"], df = z$table[, "df"], p = z$table[, "p"])
    }
  }
}
out(do.call(rbind, km), "km.csv")
out(do.call(rbind, lr), "logrank.csv")
out(do.call(rbind, cox), "cox.csv")
out(do.call(rbind, ctest), "cox_tests.csv")
out(do.call(rbind, zph), "zph.csv")
