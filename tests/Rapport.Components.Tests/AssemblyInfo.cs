// Each test sets the thread's UI culture (en or zh-CN) for the components it renders; classes running side by side
// could see each other's culture, so the (fast, ~2 s) component tests run one class at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
