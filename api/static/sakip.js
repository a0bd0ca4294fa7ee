// The dashboard's only JavaScript: submit a filter form as soon as a select changes, and ask
// before destructive actions. Every page works without it.
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("select[data-kirim-otomatis]") && el.form) {
    el.form.submit();
  }
});
document.addEventListener("submit", function (e) {
  var f = e.target;
  if (f && f.dataset && f.dataset.konfirmasi && !window.confirm(f.dataset.konfirmasi)) {
    e.preventDefault();
  }
});
